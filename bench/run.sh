#!/usr/bin/env bash
# Runs every benchmark against a built tree and prints their numbers.
#   bench/run.sh [build-dir]
# HTTPV2_BENCH_ARGS passes options to httpv2_bench (e.g. "--idle-seconds 30"),
# TCPJSON_BENCH_ARGS to tcpjson_bench (e.g. "--connections 2000").
# A benchmark that fails is reported and the others still run; the exit
# status is then non-zero.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
failed=()

run() {  # run <title> <command...>
  local title=$1
  shift
  echo "== $title =="
  "$@"
  local status=$?
  if [ "$status" -ne 0 ]; then
    echo "!! $title: $1 failed (exit status $status)"
    failed+=("$title")
  fi
  echo
}

# The test command configures without the benchmarks; turn them on.
cmake -S . -B "$BUILD_DIR" -DPASSWAY_BUILD_BENCH=ON >/dev/null || exit 1
cmake --build "$BUILD_DIR" --target store_bench admin_bench >/dev/null || exit 1
run "store (records through the Store)" "$BUILD_DIR/bench/store/store_bench"
run "admin API (requests per second over loopback)" "$BUILD_DIR/bench/admin/admin_bench"
if [ -f bench/httpv2/CMakeLists.txt ] && [ -d plugins/httpv2 ]; then
  # Builds passwayd and the httpv2 plugin too (the benchmark starts them).
  cmake --build "$BUILD_DIR" --target httpv2_bench >/dev/null || exit 1
  # shellcheck disable=SC2086
  run "httpv2 terminals (passwayd + plugin + simulated terminals on 127.0.0.1)" \
    "$BUILD_DIR/bench/httpv2/httpv2_bench" ${HTTPV2_BENCH_ARGS:-}
fi
if [ -f bench/tcpjson/CMakeLists.txt ] && [ -d plugins/tcpjson ]; then
  # 10,000 long connections: passwayd needs that many descriptors (the bench raises its limit to the hard one).
  cmake --build "$BUILD_DIR" --target tcpjson_bench >/dev/null || exit 1
  # shellcheck disable=SC2086
  run "tcpjson terminals (10,000 long connections: idle memory and CPU, push round trip)" \
    "$BUILD_DIR/bench/tcpjson/tcpjson_bench" ${TCPJSON_BENCH_ARGS:-}
fi
if [ -f bench/journal/CMakeLists.txt ]; then
  cmake --build "$BUILD_DIR" --target journal_bench >/dev/null || exit 1
  run "event journal (ingest with and without it; a forwarding script during a burst)" "$BUILD_DIR/bench/journal/journal_bench"
fi
if [ -f bench/script/CMakeLists.txt ]; then
  cmake --build "$BUILD_DIR" --target script_bench >/dev/null || exit 1
  run "Lua scripts (events per second, added latency)" "$BUILD_DIR/bench/script/script_bench"
fi

if [ -f bench/face/CMakeLists.txt ]; then
  # Needs the models and photos (../shared or $PASSWAY_SHARED_DIR); FACE_BENCH_ARGS e.g. "--skip-lfw".
  cmake --build "$BUILD_DIR" --target face_bench >/dev/null || exit 1
  # shellcheck disable=SC2086
  run "face (detect, embed, enroll, identify at 10k/100k/1M, LFW accuracy)" \
    "$BUILD_DIR/bench/face/face_bench" ${FACE_BENCH_ARGS:-}
  cmake --build "$BUILD_DIR" --target face_script_bench >/dev/null || exit 1
  run "face from Lua (passway.face.* against the C++ calls)" "$BUILD_DIR/bench/script/face_script_bench"
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
