#!/usr/bin/env bash
# Build every libFuzzer target with clang in build-fuzz/ and run each for
# SECONDS (default 20) over a copy of its committed corpus, so the corpus
# in git never grows during a check.  Fails if any target finds a crash;
# the crashing inputs are kept in build-fuzz/artifacts/.
#
# Usage: scripts/fuzz-smoke.sh [SECONDS]
# Environment:
#   FUZZ_TARGETS="a b"  run only these targets (names without fuzz_)
#   FUZZ_JOBS=N         run N targets at once (default 1)
#   FUZZ_MERGE=1        afterwards, merge what each run found that adds
#                       coverage back into fuzz/corpus/<target>/ (make
#                       fuzz-long does this to grow the committed corpora)
# The last lines printed are a table: target, executions, seconds, result.
set -euo pipefail

secs=${1:-20}
jobs=${FUZZ_JOBS:-1}
merge=${FUZZ_MERGE:-0}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz

cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang \
  -DSNMPX_BUILD_FUZZERS=ON -DSNMPX_BUILD_TOOLS=OFF -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$build/artifacts"

targets=()
for src in "$root"/fuzz/fuzz_*.c; do
  name=$(basename "$src" .c)
  target=${name#fuzz_}
  if [ -n "${FUZZ_TARGETS:-}" ] && ! [[ " $FUZZ_TARGETS " == *" $target "* ]]
  then
    continue
  fi
  targets+=("$target")
done

# run_one TARGET: fuzz one target; writes $work/$target.result
run_one() {
  local target=$1 name=fuzz_$1 log rc=0
  mkdir -p "$work/$target"
  if [ -d "$root/fuzz/corpus/$target" ]; then
    cp -R "$root/fuzz/corpus/$target/." "$work/$target/"
  fi
  log=$build/artifacts/$target.log
  (cd "$work" && "$build/fuzz/$name" -max_total_time="$secs" \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
      "$work/$target") >"$log" 2>&1 || rc=$?
  local execs
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  if [ $rc -eq 0 ]; then
    echo "$target ${execs:-0} $secs ok" >"$work/$target.result"
    if [ "$merge" = 1 ]; then
      mkdir -p "$root/fuzz/corpus/$target"
      "$build/fuzz/$name" -merge=1 "$root/fuzz/corpus/$target" \
        "$work/$target" >>"$log" 2>&1
    fi
  else
    echo "$target ${execs:-?} $secs CRASH" >"$work/$target.result"
  fi
}

running=0
for target in "${targets[@]}"; do
  echo "== fuzz_$target: ${secs}s"
  run_one "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

status=0
printf '%-24s %14s %8s  %s\n' target executions seconds result
for target in "${targets[@]}"; do
  read -r t execs s result <"$work/$target.result"
  printf '%-24s %14s %8s  %s\n' "$t" "$execs" "$s" "$result"
  if [ "$result" != ok ]; then
    tail -n 60 "$build/artifacts/$target.log" >&2
    echo "!! fuzz_$target found a crash; see $build/artifacts/" >&2
    status=1
  fi
done
exit $status
