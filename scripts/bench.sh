#!/usr/bin/env bash
# Throughput of `tacitus code` on Reuters-21578 (../shared/data/reuters21578), single-thread and
# all cores, with the machine it ran on. Run through the build: `cmake --build build --target bench`.
#   scripts/bench.sh TACITUS_BINARY [TACITUS_BENCH_BINARY]
# TACITUS_BENCH_DOCS=N limits the Google Benchmark run to the first N documents.
set -euo pipefail
cd "$(dirname "$0")/.."
tacitus=${1:?usage: scripts/bench.sh TACITUS_BINARY [TACITUS_BENCH_BINARY]}
bench=${2:-}
shared=${TACITUS_SHARED:-../shared}
reuters="$shared/data/reuters21578"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ ! -d "$reuters" ]; then
  echo "bench: $reuters is absent (set TACITUS_SHARED)" >&2
  exit 2
fi

if [ -n "$bench" ] && [ -x "$bench" ]; then
  echo
  echo "== Google Benchmark (documents in memory, JSON Lines written to a counting sink)"
  "$bench" --benchmark_filter="${TACITUS_BENCH_FILTER:-BM_CodeReuters}" --benchmark_counters_tabular=true
fi

echo
echo "== tacitus code, end to end (reading the SGML files, writing JSON Lines to /dev/null)"
for threads in 1 0; do
  label=$([ "$threads" = 0 ] && echo "all $(nproc) cores" || echo "1 thread")
  summary=$("$tacitus" code --input reuters --threads "$threads" "$reuters" 2>&1 >/dev/null | tail -1)
  echo "$label: $summary"
done
