#!/usr/bin/env bash
# The longer run by hand (fuzz/README.md): each target in turn, one at a
# time, for FUZZ_SECONDS (default 600) under `nice -n 15`, on a working copy
# of its seed corpus. Prints one line per target for fuzz/FIGURES.md.
# Needs the targets built (fuzz/smoke.sh, or ninja -C build-fuzz fuzzers).
#   FUZZ_BUILD_DIR (default build-fuzz), FUZZ_SECONDS, FUZZ_WORK (default
#   $FUZZ_BUILD_DIR/fuzz-long), and the targets as arguments (default: all).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-600}
WORK=${FUZZ_WORK:-$BUILD_DIR/fuzz-long}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_httpv2_multipart fuzz_tcpjson_websocket fuzz_tcpjson_splitter
    fuzz_httpv2_json fuzz_httpv2_gzip fuzz_admin_csv fuzz_admin_json fuzz_lua_sandbox)
mkdir -p "$WORK"
for target in "${targets[@]}"; do
    dir="$WORK/$target"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp -n fuzz/corpus/"$target"/* "$dir/corpus/"
    # The binary is copied so a rebuild meanwhile does not change it.
    cp "$BUILD_DIR/fuzz/$target" "$dir/$target"
    seeds=$(ls fuzz/corpus/"$target" | wc -l)
    start=$(date +%s)
    nice -n 15 "$dir/$target" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - start ))
    execs=$(awk '/^stat::number_of_executed_units/ {print $2}' "$dir/log")
    cov=$(grep -E '^#[0-9]+' "$dir/log" | tail -1 | grep -oE 'cov: [0-9]+' | awk '{print $2}')
    corpus=$(ls "$dir/corpus" | wc -l)
    crashes=$(ls "$dir/artifacts" | wc -l)
    echo "| $target | ${elapsed} s | ${execs:-?} | $seeds → $corpus | ${cov:-?} | exit $status, $crashes crash inputs |" | tee -a "$WORK/figures.md"
done
