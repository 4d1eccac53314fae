#!/usr/bin/env bash
# Installs the Debian 12 packages Bluebird needs to build, test and benchmark, skipping those
# already present; unpacks libphonenumber's headers into .deps/ (see below); then installs the npm
# packages pinned in package-lock.json (data compiled into the binary, the web pages' build tools
# and libraries, the browser-test driver) when node_modules is missing or older than the lockfile. Safe to run repeatedly. Needs root (or sudo) for apt only.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config clang-format git ca-certificates
  # libraries (Boost 1.81, not the default 1.74)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev libjemalloc-dev
  # registrable email domains (duplicate and self-referral checks)
  libpsl-dev
  # hashing visitor ids into the unique-visitor sketches (XXH3-64, a fixed, portable function)
  libxxhash-dev
  # reading CSV imports (RFC 4180)
  libcsv-dev
  # outbound HTTP (webhooks, CRMs) and SMTP (email)
  libcurl4-openssl-dev
  # RS256 signatures for Salesforce's JWT bearer flow (libsodium has no RSA)
  libssl-dev
  # phone numbers to E.164: the library and what its headers include (headers: see below)
  libphonenumber8 libprotobuf-dev libabsl-dev
  # printable referral cards: QR codes drawn into PDF and PNG
  libqrencode-dev libcairo2-dev
  # the PostgreSQL server the tests start themselves (scripts/pg.sh: a throwaway cluster)
  postgresql-15
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 curl wrk nginx-light sqlite3
  # a real SMTP server for the email tests
  python3-aiosmtpd
  # fuzzing: libFuzzer with clang's sanitizers (the fuzz preset, scripts/fuzz.sh)
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
  # browser tests: Debian's Chromium (driven by playwright-core from npm) and a font to render with
  chromium fonts-dejavu-core
  # decodes the card's QR code in the browser tests
  zbar-tools
  # reads the monthly report's PDF back in the tests (pdftotext), as a reader would
  poppler-utils
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
  # Debian's PostgreSQL package would create a "main" cluster and start it as a system service;
  # the tests start throwaway clusters of their own instead, so none is created.
  if [[ " ${missing[*]} " == *" postgresql-15 "* ]]; then
    $sudo mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/bluebird.conf >/dev/null
  fi
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi

# libphonenumber's headers. Debian 12's libphonenumber-dev declares a dependency on Boost 1.74's
# libboost-thread-dev, which cannot be installed beside Boost 1.81, although neither the library
# (libphonenumber8 links no Boost) nor the headers Bluebird includes need it. So the -dev package
# is fetched from the same Debian archive, at the installed library's exact version, and unpacked
# into .deps/ (not installed); CMake takes the headers from there (cmake/phonenumber.cmake).
phonenumber_version="$(dpkg-query -W -f='${Version}' libphonenumber8)"
phonenumber_dir="$root/.deps/libphonenumber-dev"
if [ "$(cat "$phonenumber_dir/VERSION" 2>/dev/null)" != "$phonenumber_version" ]; then
  echo "install-deps: unpacking libphonenumber-dev $phonenumber_version headers into .deps/"
  download="$(mktemp -d)"
  fetch() { (cd "$download" && apt-get download -qq "libphonenumber-dev=$phonenumber_version" 2>/dev/null); }
  if ! fetch; then  # the package lists may be older than the installed library
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    fetch
  fi
  rm -rf "$phonenumber_dir"
  mkdir -p "$phonenumber_dir"
  dpkg-deb -x "$download"/libphonenumber-dev_*.deb "$phonenumber_dir"
  echo "$phonenumber_version" >"$phonenumber_dir/VERSION"
  rm -rf "$download"
fi

# npm ci rewrites node_modules/.package-lock.json, so it is newer than the lockfile after each
# install. --ignore-scripts: no install script may run (or download anything); Vite's native
# builders come as platform packages, and playwright-core never fetches a browser.
installed="$root/node_modules/.package-lock.json"
if [ ! -e "$installed" ] || [ "$root/package-lock.json" -nt "$installed" ]; then
  echo "install-deps: npm ci"
  (cd "$root" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
else
  echo "install-deps: npm packages present"
fi
