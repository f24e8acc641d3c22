#!/usr/bin/env bash
# The two set-up commands of the README, for a fresh Debian 12 machine:
#   packaging/setup.sh start   install what is missing, build, run passwayd in the foreground
#   packaging/setup.sh test    install what is missing, build, run the whole test suite (CTest);
#                              with FUZZ_SMOKE=1 (as .ci/run sets it) also the fuzz smoke run
#                              (fuzz/smoke.sh: clang-14, ASan+UBSan, 30 s per target)
# BUILD_DIR (default build) and JOBS (default: all cores) may be set.
set -euo pipefail

mode=${1:-}
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
JOBS=${JOBS:-$(nproc)}

packages=(g++ cmake ninja-build pkg-config libpoco-dev liblua5.4-dev libsqlite3-dev libssl-dev
          libboost-dev libboost-test-dev sqlite3 curl ca-certificates libopencv-dev
          chromium nodejs fonts-wqy-microhei
          clang-14 libfuzzer-14-dev llvm-14
          libjemalloc-dev              # passwayd's allocator (core/app/CMakeLists.txt)
          mosquitto libmosquitto-dev   # the zjchilink plugin's MQTT client; its tests start a real broker
          libpq-dev postgresql-15)     # the PostgreSQL store's client; its tests start a real server
# Debian's nodejs comes without npm (the browser tests need it); NodeSource's includes it.
command -v npm >/dev/null 2>&1 || packages+=(npm)

install_missing() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "Installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# build ON|OFF: with or without the benchmarks. The test command leaves them
# out (nothing in the suite runs them, and CI's 30 minutes on 2 cores are
# tight); bench/run.sh turns them on again when it runs them.
build() {
    cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPASSWAY_BUILD_BENCH="$1" >/dev/null
    cmake --build "$BUILD_DIR" -j "$JOBS"
}

# The face models: copied from ../shared/models when that folder exists
# (development machines); elsewhere run packaging/fetch-models.sh. Without
# them passwayd runs and reports the face service unavailable.
install_models() {
    local shared=../shared/models
    [ -d "$shared" ] || return 0
    mkdir -p var/models
    for f in "$shared"/*.onnx; do
        [ -f "$f" ] || continue
        cmp -s "$f" "var/models/$(basename "$f")" || cp "$f" var/models/
    done
}

case "$mode" in
start)
    install_missing
    build ON
    install_models
    exec "$BUILD_DIR/bin/passwayd" --config=etc/passway.ini "${@:2}"
    ;;
test)
    install_missing
    build OFF
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS" "${@:2}"
    if [ "${FUZZ_SMOKE:-0}" = 1 ]; then
        JOBS=$JOBS fuzz/smoke.sh
    fi
    ;;
*)
    echo "usage: $0 start|test [extra arguments for passwayd or ctest]" >&2
    exit 2
    ;;
esac
