#!/usr/bin/env bash
# Runs every benchmark against a built tree and prints their numbers.
#   bench/run.sh [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${BUILD_DIR:-build}}
cmake --build "$BUILD_DIR" --target store_bench admin_bench >/dev/null
echo "== store (records through the Store) =="
"$BUILD_DIR/bench/store/store_bench"
echo
echo "== admin API (requests per second over loopback) =="
"$BUILD_DIR/bench/admin/admin_bench"
