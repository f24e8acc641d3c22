#!/usr/bin/env bash
# The fuzz smoke run of CI (fuzz/README.md): builds the fuzz targets and the
# ASan Lua boundary test in their own build folder (clang-14, ASan+UBSan),
# runs that test, then each target for FUZZ_SECONDS (default 30) on a copy of
# its committed seed corpus, two at a time. Fails on the first crash, leak,
# sanitizer report or timeout, and prints the input that caused it.
#   FUZZ_BUILD_DIR  build folder (default build-fuzz)
#   FUZZ_SECONDS    seconds per target (default 30)
#   FUZZ_PARALLEL   targets at once (default: the number of cores, at most 2)
#   JOBS            build jobs (default: all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-30}
JOBS=${JOBS:-$(nproc)}
PARALLEL=${FUZZ_PARALLEL:-$(( $(nproc) < 2 ? 1 : 2 ))}
TARGETS=(fuzz_httpv2_multipart fuzz_httpv2_json fuzz_httpv2_gzip fuzz_tcpjson_splitter
         fuzz_tcpjson_websocket fuzz_admin_csv fuzz_admin_json fuzz_lua_sandbox fuzz_net_http)

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER=clang++-14 "${launcher[@]}" \
      -DPASSWAY_FUZZ=ON -DPASSWAY_BUILD_TESTS=OFF -DPASSWAY_BUILD_BENCH=OFF >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS" --target fuzzers lua_boundary_asan_test

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

echo "== lua_boundary_asan_test (ASan/LSan)"
"$BUILD_DIR/fuzz/lua_boundary_asan_test" --log_level=test_suite

work="$BUILD_DIR/fuzz-smoke"
rm -rf "$work"
mkdir -p "$work"

run_target() {
    local target=$1 dir="$work/$1"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    # A copy: what the run adds stays out of the source tree.
    cp fuzz/corpus/"$target"/* "$dir/corpus/"
    if "$BUILD_DIR/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
           -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
           "$dir/corpus" >"$dir/log" 2>&1; then
        echo "== $target: $(grep -E '^stat::number_of_executed_units' "$dir/log" | awk '{print $2}') execs, no crash"
    else
        echo "== $target: FAILED"
        tail -n 60 "$dir/log"
        for input in "$dir"/artifacts/*; do
            [ -f "$input" ] || continue
            echo "-- input $input (base64):"
            base64 -w 100 "$input" | head -n 40
        done
        return 1
    fi
}

failed=0
pids=()
for target in "${TARGETS[@]}"; do
    run_target "$target" &
    pids+=($!)
    if [ ${#pids[@]} -ge "$PARALLEL" ]; then
        wait "${pids[0]}" || failed=1
        pids=("${pids[@]:1}")
    fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" -eq 0 ] || { echo "fuzz smoke run: a target failed (input above)"; exit 1; }
echo "fuzz smoke run: ${#TARGETS[@]} targets, ${SECONDS_PER_TARGET} s each, no crash"
