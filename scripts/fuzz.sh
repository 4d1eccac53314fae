#!/usr/bin/env bash
# Builds the libFuzzer harnesses (the fuzz preset: clang-14, AddressSanitizer, UBSan) and runs each
# for SECONDS (default 60), or for N executions with runs=N, starting from its seed corpus in
# tests/fuzz/corpus/<harness>/ (new
# inputs go to build/fuzz/corpus/<harness>/; the committed seeds are never changed). A crash, a
# leak or a broken invariant stops that harness with its input saved under build/fuzz/crashes/
# and makes this script fail. Prints each harness's executions and rate.
#   scripts/fuzz.sh [SECONDS | runs=N] [HARNESS...]
set -euo pipefail
cd "$(dirname "$0")/.."
limit="${1:-60}"
shift || true
if [[ "$limit" == runs=* ]]; then
  budget=(-runs="${limit#runs=}")
  what="${limit#runs=} runs"
else
  budget=(-max_total_time="$limit")
  what="$limit s"
fi
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  harnesses=(fuzz_api_requests fuzz_http_reader fuzz_contacts fuzz_urls_branding fuzz_cursors fuzz_csv fuzz_csv_reader)
fi

cmake --preset fuzz >/dev/null
cmake --build build/fuzz -j"$(nproc)" --target "${harnesses[@]}"

mkdir -p build/fuzz/crashes
failed=0
for harness in "${harnesses[@]}"; do
  work="build/fuzz/corpus/$harness"
  mkdir -p "$work"
  log="build/fuzz/$harness.log"
  set +e
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "build/fuzz/tests/fuzz/$harness" "${budget[@]}" -timeout=10 -rss_limit_mb=4096 \
    -artifact_prefix="build/fuzz/crashes/$harness-" -print_final_stats=1 \
    "$work" "tests/fuzz/corpus/$harness" >"$log" 2>&1
  status=$?
  set -e
  runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  rate=$(grep -m1 -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  seconds=$(grep -m1 -o 'Done [0-9]* runs in [0-9]* second' "$log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo "?")
  if [ "$status" -ne 0 ]; then
    echo "FAIL $harness after $runs executions (exit $status):"
    tail -n 40 "$log"
    failed=1
  else
    echo "ok   $harness: $runs executions in ${seconds} s ($rate/s; budget $what), no crash"
  fi
done
exit $failed
