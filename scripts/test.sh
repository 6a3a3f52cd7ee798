#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs every test with CTest.
#   scripts/test.sh                 release build in build/
#   scripts/test.sh --sanitize      ASan+UBSan build in build-asan/
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--sanitize" ]; then
  export BUILD_DIR=build-asan CMAKE_ARGS="-DTACITUS_SANITIZE=ON" BUILD_TYPE=Debug
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
fi
BUILD_DIR=${BUILD_DIR:-build}
scripts/setup.sh
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" ${CTEST_ARGS:-}
