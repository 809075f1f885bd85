#!/usr/bin/env bash
# Build every libFuzzer target with clang in build-fuzz/ and run each for
# SECONDS (default 20) over a copy of its committed corpus, so the corpus
# in git never grows during a check.  Fails if any target finds a crash;
# the crashing inputs are kept in build-fuzz/artifacts/.
# Usage: scripts/fuzz-smoke.sh [SECONDS]
set -euo pipefail

secs=${1:-20}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz

cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang \
  -DSNMPX_BUILD_FUZZERS=ON -DSNMPX_BUILD_TOOLS=OFF -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/artifacts"
status=0
for src in "$root"/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  target=${name#fuzz_}
  mkdir -p "$work/$target"
  if [ -d "$root/fuzz/corpus/$target" ]; then
    cp -R "$root/fuzz/corpus/$target/." "$work/$target/"
  fi
  echo "== $name: ${secs}s over $(ls "$work/$target" | wc -l) seeds"
  # libFuzzer's progress goes to a log; only its final stats are shown,
  # the whole log when it finds something.
  log=$build/artifacts/$target.log
  if (cd "$work" && "$build/fuzz/$name" -max_total_time="$secs" \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
        "$work/$target") >"$log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' \
      "$log" || true
  else
    tail -n 60 "$log" >&2
    echo "!! $name found a crash; see $build/artifacts/" >&2
    status=1
  fi
done
exit $status
